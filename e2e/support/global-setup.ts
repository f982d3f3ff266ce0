import { rmSync } from 'node:fs';
import { SCREENSHOTS_DIR } from './ui';

// A screenshot left over from an earlier run must never pass for this run's.
export default function globalSetup(): void {
  rmSync(SCREENSHOTS_DIR, { recursive: true, force: true });
}
