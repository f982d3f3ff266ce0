# syntax=docker/dockerfile:1
# Argus: one image with the API, the live socket and the built dashboard.
FROM node:20-bookworm-slim AS build
# sqlite3 is compiled from source (no prebuilt download).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY shared/ shared/
RUN npm ci --no-fund --no-audit
COPY . .
RUN npm run build && npm prune --omit=dev --workspace backend --workspace shared

FROM node:20-bookworm-slim
# A font for the text the simulator draws on its pictures (sharp renders SVG text with it).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules/
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist/
COPY --from=build /app/backend/package.json backend/
COPY --from=build /app/backend/dist backend/dist/
COPY --from=build /app/frontend/dist frontend/dist/
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: node is PID 1 and gets SIGTERM for the graceful shutdown.
CMD ["node", "backend/dist/main.js"]
