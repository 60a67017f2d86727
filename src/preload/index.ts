import { contextBridge, ipcRenderer } from 'electron';
import { buildWardenApi } from '../core/api/client.ts';
import { channelForMethod } from '../core/api/methods.ts';

/**
 * Exposes exactly the app API as `window.warden` (DESIGN §2, §6): one function per contract method,
 * each invoking its own `warden:<method>` channel. No raw ipcRenderer, no Node, no logic; main
 * validates everything (src/main/ipc.ts).
 */
contextBridge.exposeInMainWorld(
  'warden',
  buildWardenApi((method, args) => ipcRenderer.invoke(channelForMethod(method), args)),
);
