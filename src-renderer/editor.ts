/** The guided form and its rules, loaded when the first draft opens (not at start-up). */
export { DraftEditor } from './lib/draft-editor.svelte.js';
export { default as EditorScreen } from './screens/EditorScreen.svelte';
