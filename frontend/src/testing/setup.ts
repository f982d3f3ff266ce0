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
// jsdom hides [popover] elements but cannot show them: a button's popovertarget opens its popover
// here (light dismiss and Escape are the browser's, checked in the e2e suite).
if (typeof HTMLElement.prototype.hidePopover !== 'function') {
  HTMLElement.prototype.showPopover = function showPopover(this: HTMLElement) {
    this.style.display = 'block';
  };
  HTMLElement.prototype.hidePopover = function hidePopover(this: HTMLElement) {
    this.style.removeProperty('display');
  };
  document.addEventListener('click', (event) => {
    const invoker = (event.target as Element).closest('button[popovertarget]');
    const target = document.getElementById(invoker?.getAttribute('popovertarget') ?? '');
    if (target === null) return;
    if (target.style.display === 'block') target.hidePopover();
    else target.showPopover();
  });
}

afterEach(() => {
  cleanup();
  // Each test starts signed out, with nothing stored.
  sessionStore.end('signed_out');
  sessionStore.clearEndReason();
  localStorage.clear();
});
