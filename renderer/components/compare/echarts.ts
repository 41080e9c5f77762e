// The ECharts pieces the Runs and Compare views draw with, registered once (on-demand import keeps the bundle small).
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, TitleComponent, DataZoomComponent, DatasetComponent, VisualMapComponent } from 'echarts/components';

use([CanvasRenderer, LineChart, ScatterChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, TitleComponent, DataZoomComponent, DatasetComponent, VisualMapComponent]);

export type { EChartsCoreOption as ChartOption } from 'echarts/core';
