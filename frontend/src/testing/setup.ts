import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { sessionStore } from '@/lib/session';

// jsdom has no modal dialogs yet: enough of one for components that open and close them (the
// focus trap, inert background and Escape are the browser's, checked in the e2e suite).
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    queueMicrotask(() => this.dispatchEvent(new Event('close')));
  };
}

afterEach(() => {
  cleanup();
  // Each test starts signed out, with nothing stored.
  sessionStore.end('signed_out');
  sessionStore.clearEndReason();
  localStorage.clear();
});
