// Renderer entry: Vue app with Pinia and vue-i18n.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import './styles.css';
import { installEscapeForDialogs } from './escape.js';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.mount('#app');
installEscapeForDialogs();
