// Read at runtime so the compiled output does not embed package.json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const APP_VERSION: string = (require('../../package.json') as { version: string }).version;
