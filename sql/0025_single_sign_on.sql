-- Single sign-on (OpenID Connect): an organisation's provider, the e-mail domains it speaks for, the identities it
-- vouched for, sign-ins under way (used once, for ten minutes) and identities waiting to be linked to an account.
CREATE TABLE identity_providers (
    organisation_id  bigint PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    issuer           text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
    client_id        text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
    -- AES-GCM, sealed with the instance key (EYRIE_SECRET_KEY): a copy of the database does not reveal it.
    client_secret    bytea NOT NULL,
    required         boolean NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       bigint REFERENCES members(id) ON DELETE SET NULL
);

-- A domain is led to one provider only.
CREATE TABLE identity_provider_domains (
    domain           text PRIMARY KEY CHECK (domain = lower(domain) AND length(domain) BETWEEN 3 AND 253),
    organisation_id  bigint NOT NULL REFERENCES identity_providers(organisation_id) ON DELETE CASCADE
);
CREATE INDEX identity_provider_domains_organisation ON identity_provider_domains (organisation_id);

-- The provider's `sub` for a member: the next sign-in finds the same account even if the address changed.
CREATE TABLE member_identities (
    organisation_id  bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    member_id        bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, subject)
);
CREATE INDEX member_identities_member ON member_identities (member_id);

-- A sign-in sent to a provider, found by the SHA-256 of its `state` (the browser holds the state in a cookie too).
CREATE TABLE sign_in_attempts (
    state_hash       bytea PRIMARY KEY,
    organisation_id  bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    nonce            text NOT NULL,
    code_verifier    text NOT NULL,
    next_path        text NOT NULL DEFAULT '/',
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- An identity whose verified address is an existing account's: linked once the member gives that account's password.
CREATE TABLE pending_links (
    token_hash       bytea PRIMARY KEY,
    member_id        bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    organisation_id  bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    next_path        text NOT NULL DEFAULT '/',
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- The organisation whose provider signed this session in (for the provider's own sign-out).
ALTER TABLE sessions ADD COLUMN via_organisation_id bigint REFERENCES organisations(id) ON DELETE SET NULL;
