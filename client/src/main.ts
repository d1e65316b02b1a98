import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n/index.svelte.ts';
import { router } from './lib/routing/router.svelte.ts';
import './styles/base.css';

router.start();
// A reader who chose English gets it from the first paint rather than Vietnamese first.
await i18n.ready;
mount(App, { target: document.getElementById('app')! });
