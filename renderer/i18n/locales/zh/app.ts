export default {
  title: 'MTL 多任务学习工作台',
  short: 'MTL',
};
