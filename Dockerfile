# CaseLink on the official Node-RED 5 image.
#   docker build -t caselink .
#   docker compose up            (Redis + CaseLink; see compose.yaml and docs/nodes-and-flows.md)
#
# Stage 1 builds the package (TypeScript → dist/) and packs it the way npm would publish it.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node scripts/build.js && npm pack --ignore-scripts --pack-destination /tmp && mv /tmp/caselink-node-red-caselink-*.tgz /tmp/caselink.tgz

# Stage 2: Node-RED 5 with the package installed like any palette module, the shipped settings
# (everything site-specific comes from the environment) and the hub flow.
ARG NODE_RED_VERSION=5.0.7
FROM nodered/node-red:${NODE_RED_VERSION}
COPY --from=build /tmp/caselink.tgz /tmp/caselink.tgz
RUN npm install --omit=dev --no-audit --no-fund --no-update-notifier /tmp/caselink.tgz && rm /tmp/caselink.tgz
COPY --chown=node-red:node-red settings/settings.js /data/settings.js
COPY --chown=node-red:node-red flows/hub.json /data/flows.json
ENV CASELINK_HOST=0.0.0.0 \
    CASELINK_PRODUCTION=1
EXPOSE 1880
