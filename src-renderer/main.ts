import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('The page has no #app element.');
mount(App, { target });
// The first step is on screen and answers input: what `npm run bench:ui` measures.
requestAnimationFrame(() => {
  performance.mark('cmk-rekey:interactive');
});
