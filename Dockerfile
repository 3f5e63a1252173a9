# Excerpt bot: a small runtime image with the bundled corpus and config.yaml.
#
#   docker build -t excerpt-bot .
#   docker run -d --name excerpt-bot -e DISCORD_TOKEN -v excerpt-cache:/cache excerpt-bot
#
# Your own documents and settings replace the bundled ones, read-only:
#   -v ./my-docs:/app/corpus:ro -v ./config.yaml:/app/config.yaml:ro
# The token comes from DISCORD_TOKEN, or from a file (a Docker secret) that
# DISCORD_TOKEN_FILE names, e.g. /run/secrets/discord_token; never from the image.
# Other commands run the same way: `docker run --rm excerpt-bot check`.
# docs/OPERATIONS.md has the rest; compose.yaml runs two processes splitting the shards.

ARG PYTHON_IMAGE=python:3.11-slim

# -- builder: the project as a wheel, installed with its dependencies into /opt/venv --------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip wheel --no-deps --wheel-dir /wheels . \
    && /opt/venv/bin/pip install /wheels/*.whl

# -- runtime: the venv, the corpus and the config; no compiler, no pip cache, no root ----------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="excerpt-bot" \
      org.opencontainers.image.description="A Discord bot that serves cited excerpts from Markdown documents" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EXCERPT_BOT_CONFIG=/app/config.yaml \
    EXCERPT_BOT_CACHE=/cache
RUN groupadd --system --gid 10001 excerpt \
    && useradd --system --uid 10001 --gid excerpt --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin excerpt \
    && mkdir /cache \
    && chown 10001:10001 /cache
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# Owned by root: the bot (user excerpt) reads them and cannot change them.
COPY config.yaml ./config.yaml
COPY corpus ./corpus
USER 10001:10001
# The index cache: a restart with an unchanged corpus opens it instead of re-indexing.
VOLUME ["/cache"]
# The bot closes its gateway connections and exits 0 on SIGTERM (`docker stop`).
STOPSIGNAL SIGTERM
# Healthy: status written by the bot in the last 60 s, corpus loaded, every shard connected.
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 \
    CMD ["/opt/venv/bin/python", "-m", "bot", "health"]
ENTRYPOINT ["/opt/venv/bin/python", "-m", "bot"]
CMD ["run"]
