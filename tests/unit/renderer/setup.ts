/** jsdom lacks a few browser APIs the renderer uses; these stand-ins behave like Chromium's. */
import '@testing-library/jest-dom/vitest';
import { beforeEach } from 'vitest';

HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
  this.removeAttribute('open');
};
Element.prototype.scrollIntoView = function scrollIntoView() {
  // jsdom does no layout, so there is nothing to scroll.
};

// Each test is a new window: nothing kept in sessionStorage (the draft open before a reload) carries over.
beforeEach(() => {
  sessionStorage.clear();
});
