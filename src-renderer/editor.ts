/**
 * The guided form and its rules, loaded when the first draft opens (not at start-up). Each step is a chunk
 * of its own: opening a draft waits for the step it opens at (`stepViews.load`), not for the others.
 */
export { DraftEditor } from './lib/draft-editor.svelte.js';
export { stepViews } from './lib/step-views.svelte.js';
export { default as EditorScreen } from './screens/EditorScreen.svelte';
