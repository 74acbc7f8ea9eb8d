// The desk's entry: styles, the router, the realtime connection and the App frame.
import { createApp } from 'vue';
import App from './App.vue';
import { connectRealtime } from './realtime/socket.ts';
import { startRouter } from './router/router.ts';
import './styles/desk.css';

startRouter();
connectRealtime();
createApp(App).mount('#desk');
