import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const NO_CHROMIUM_MESSAGE =
  "No Chromium found: install Debian's chromium (apt-get install -y chromium) or set ARGUS_CHROMIUM_PATH to a Chromium/Chrome binary";

/** Flags for a quiet, deterministic headless Chromium in a container (no sandbox, no phoning home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name: string): string | undefined {
  try {
    const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return found !== '' && executable(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The system Chromium to drive: ARGUS_CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * whatever `chromium`/`chromium-browser` is on PATH. Playwright's own browser downloads are
 * never used. Undefined when nothing is found (the suite then fails with NO_CHROMIUM_MESSAGE).
 */
export function findChromium(): string | undefined {
  const configured = process.env.ARGUS_CHROMIUM_PATH?.trim();
  if (configured) return executable(configured) ? configured : undefined;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  return which('chromium') ?? which('chromium-browser');
}
