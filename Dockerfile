# Eyrie, release build. Build stage compiles with the official Swift image; the run stage is slim Debian.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN apt-get update && apt-get install -y --no-install-recommends zlib1g-dev pkg-config && rm -rf /var/lib/apt/lists/*
RUN swift build -c release --product eyrie && cp "$(swift build -c release --show-bin-path)/eyrie" /eyrie

FROM debian:bookworm-slim
# postgresql-15: pg_basebackup and pg_archivecleanup for `eyrie backup`, the server for `eyrie restore` (and the
# embedded cluster when no DATABASE_URL is given).
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata zlib1g \
       postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/*.so* /usr/lib/swift/linux/
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux
WORKDIR /app
COPY --from=build /eyrie /usr/local/bin/eyrie
COPY sql ./sql
COPY web ./web
RUN groupadd -g 2000 backups && useradd --system --home /app --groups backups eyrie \
    && mkdir -p /backups && chgrp backups /backups && chmod 2775 /backups
USER eyrie
ENV EYRIE_HOST=0.0.0.0 EYRIE_PORT=8080
EXPOSE 8080
CMD ["eyrie", "serve"]
