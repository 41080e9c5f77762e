export default {
  title: 'MTL Workbench',
  short: 'MTL',
};
