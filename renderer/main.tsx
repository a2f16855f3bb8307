import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connection';
import { App } from './app/App';
import { initI18n } from './i18n';
import './app/app.css';

async function start(): Promise<void> {
  // First thing: the token must leave the address bar as early as possible.
  const connection = connect();
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <App connection={connection} />
    </StrictMode>,
  );
}

void start();
