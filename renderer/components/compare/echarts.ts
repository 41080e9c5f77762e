// The ECharts pieces the Runs and Compare views draw with, registered once (on-demand import keeps the bundle small).
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, TitleComponent, DataZoomComponent, DatasetComponent } from 'echarts/components';

use([CanvasRenderer, LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, TitleComponent, DataZoomComponent, DatasetComponent]);

export type { EChartsCoreOption as ChartOption } from 'echarts/core';
