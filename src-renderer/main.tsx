import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { primeAudio } from './alarm/alarm';
import { hasCredentials, onLinkStatus, transportKind } from './transport';
import { store } from './store';
import './styles/app.css';

// the alarm's audio is made before anything else (src-renderer/alarm/alarm.ts)
primeAudio();

const actions = store.getState().actions;
if (!hasCredentials()) {
  actions.app.setNoToken();
} else {
  if (transportKind() === 'electron') actions.app.setLink('open');
  else onLinkStatus((s) => actions.app.setLink(s));
  void actions.app.boot();
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
