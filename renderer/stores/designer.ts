// The Designer's Pinia store: composes state, history, selection/clipboard, edits, datasets and persistence (stores/designer/).
import { defineStore } from 'pinia';
import { createDesignerState } from './designer/state.js';
import { useHistoryActions } from './designer/history.js';
import { useSelectionActions } from './designer/selection.js';
import { useEditActions } from './designer/edits.js';
import { useDatasetActions } from './designer/datasets.js';
import { usePersistence } from './designer/persistence.js';

export type { Notice } from './designer/state.js';

export const useDesignerStore = defineStore('designer', () => {
  const s = createDesignerState();
  const { design, datasetIds, storedId, selectedNodes, selectedEdges, highlighted, clipboard, designs, notice, lastRefusal, busy } = s;
  const { boundDatasets, validation, dirty, selectedNode, notify } = s;

  const { canUndo, canRedo, commit, undo, redo, load, rememberLast, beginDrag, dragTo, endDrag } = useHistoryActions(s);
  const { select, selectAll, setNodeSelected, setEdgeSelected, highlight, copy, cut, paste, duplicate } = useSelectionActions(s, commit);
  const { addNode, canConnect, connect, deleteSelection, deleteEdge, setParam, setLabel, setName, setNotes, move, autoLayout } = useEditActions(s, commit, select);
  const { setDatasets, toggleDataset, addInputFor, addHeadsForEveryTask, applyTemplate } = useDatasetActions(s, commit, select, addNode, load);
  const { refreshDesigns, save, open, duplicateStored, deleteStored, newDesign, exportJson, importJson, exportKeras, restoreLast } = usePersistence(s, commit, load, rememberLast);

  return {
    design, datasetIds, storedId, selectedNodes, selectedEdges, highlighted, clipboard, designs, notice, lastRefusal, busy,
    canUndo, canRedo, boundDatasets, validation, dirty, selectedNode,
    notify, commit, undo, redo, load, select, selectAll, setNodeSelected, setEdgeSelected, highlight,
    addNode, canConnect, connect, deleteSelection, deleteEdge, setParam, setLabel, setName, setNotes,
    beginDrag, dragTo, endDrag, move, autoLayout, copy, cut, paste, duplicate,
    setDatasets, toggleDataset, addInputFor, addHeadsForEveryTask,
    applyTemplate, refreshDesigns, save, open, duplicateStored, deleteStored, newDesign, exportJson, importJson, exportKeras, restoreLast,
  };
});
