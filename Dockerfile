# Production image of the API: built in one stage, run from production dependencies only,
# as a non-root user. Migrations run when the API starts (and by `npm run migration:run`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build

# The whole demo (dev IdP, API, demo page) for `docker compose --profile dev`; never production.
FROM build AS dev
ENV NODE_ENV=development HOST=0.0.0.0 DEV_IDP_HOST=0.0.0.0 DEMO_WEB_HOST=0.0.0.0
EXPOSE 3000 5173 7000
CMD ["node", "dist/scripts/start-dev.js"]

FROM build AS prune
RUN npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=prune /app/package.json ./
COPY --from=prune /app/node_modules ./node_modules
COPY --from=prune /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
