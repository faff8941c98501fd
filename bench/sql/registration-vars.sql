-- POST /workshops/:id/registration (or /registration/cancel): session, the workshop visit, then the transaction.
-- :w is the workshop (pgbench -D w=…); half the members register, half give their seat back.
\set n random(1, 200)
\set give_back random(0, 1)
