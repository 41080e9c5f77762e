export default {
  backend: 'Backend',
  device: 'Device',
  transportLabel: 'Transport',
  transport: { electron: 'Electron IPC', web: 'Web (HTTP + WebSocket)', 'in-process': 'In process' },
  unavailable: 'unavailable',
  error: 'Not connected',
};
