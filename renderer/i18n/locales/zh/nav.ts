export default {
  label: '主导航',
  designer: '设计器',
  runs: '运行',
  sweeps: '搜索',
  compare: '对比',
  datasets: '数据集',
  settings: '设置',
};
