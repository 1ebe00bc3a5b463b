import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { createHost } from '../host';
import { App } from './App';
import { installWorkerLayout } from './layout-engine';

installWorkerLayout();
const host = createHost();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
