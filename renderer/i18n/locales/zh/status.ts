export default {
  backend: '训练后端',
  device: '设备',
  transportLabel: '通信方式',
  transport: { electron: 'Electron IPC', web: 'Web（HTTP + WebSocket）', 'in-process': '进程内' },
  unavailable: '不可用',
  error: '未连接',
};
