/**
 * The design canvas: a controlled React Flow view of the document graph. Selection and in-progress drag
 * positions go to the store's selection/UI slices; a finished drag, a connection and a drop from the
 * palette each become one document edit. Deletion is handled by the global shortcuts, not React Flow.
 */
import type { Connection, Edge as FlowEdge, EdgeChange, FinalConnectionState, NodeChange, NodeTypes } from '@xyflow/react'
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStoreApi } from '@xyflow/react'
import type { DragEvent } from 'react'
import { useCallback, useEffect, useState } from 'react'
import type { Position } from '../../core/ir/types.ts'
import { addOpNode, commitDrag, connectNodes } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectFitViewSerial, selectRestored } from '../../store/ui-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { NoticeBanner } from '../shell/notice-banner.tsx'
import type { CardNode, NodeView } from './flow-elements.ts'
import { connectionVerdict, wireEnds } from './connection-verdict.ts'
import { portOfHandle } from './flow-elements.ts'
import { GenericNodeCard } from './generic-node-card.tsx'
import { OpNodeCard } from './op-node-card.tsx'
import { CARD_WIDTH, GRID, OP_DRAG_MIME, snap } from './palette-drag.ts'
import { useFlowElements } from './use-flow-elements.ts'
import { boundsOf, readableViewport } from './viewport.ts'

const NODE_TYPES: NodeTypes = { op: OpNodeCard, generic: GenericNodeCard }
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control']
const SNAP_GRID: [number, number] = [GRID, GRID]
const HOME_VIEWPORT = { x: 0, y: 0, zoom: 1 }
const MINIMAP_SIZE = { width: 168, height: 120 }

const CATEGORY_COLORS: Record<string, string> = {
  input: 'var(--cat-input)', convolution: 'var(--cat-convolution)', pooling: 'var(--cat-pooling)',
  dense: 'var(--cat-dense)', recurrent: 'var(--cat-recurrent)', activation: 'var(--cat-activation)', elementwise: 'var(--cat-elementwise)',
  shape: 'var(--cat-shape)', exit: 'var(--cat-exit)',
}

function miniMapColor(node: CardNode): string {
  return CATEGORY_COLORS[node.data.category ?? ''] ?? 'var(--cat-unknown)'
}

export function DesignCanvas() {
  const { screenToFlowPosition, setViewport } = useReactFlow()
  const flow = useStoreApi()
  const [sizes, setSizes] = useState<NodeView['sizes']>({})
  const { nodes, edges } = useFlowElements(sizes)
  const fitViewSerial = useEditor(selectFitViewSerial)
  const restored = useEditor(selectRestored)

  useEffect(() => {
    if (fitViewSerial === 0) return
    const frame = requestAnimationFrame(() => {
      const bounds = boundsOf(editorStore.getState().doc.graph.nodes.map((n) => n.position))
      const { width, height } = flow.getState()
      void setViewport(bounds ? readableViewport(bounds, width, height) : HOME_VIEWPORT)
    })
    return () => cancelAnimationFrame(frame)
  }, [fitViewSerial, flow, setViewport])

  const onNodesChange = useCallback((changes: NodeChange<CardNode>[]) => {
    const s = editorStore.getState()
    const selected: string[] = []
    const unselected: string[] = []
    const moving: Record<string, Position> = {}
    const moved: Record<string, Position> = {}
    const measured: Record<string, { width: number; height: number }> = {}
    for (const c of changes) {
      if (c.type === 'select') (c.selected ? selected : unselected).push(c.id)
      else if (c.type === 'position' && c.position) (c.dragging ? moving : moved)[c.id] = c.position
      else if (c.type === 'dimensions' && c.dimensions) measured[c.id] = c.dimensions
    }
    if (unselected.length > 0) s.setSelected('node', unselected, false)
    if (selected.length > 0) s.setSelected('node', selected, true)
    if (Object.keys(moving).length > 0) s.setDragPositions(moving)
    if (Object.keys(moved).length > 0) commitDrag(editorStore, moved)
    if (Object.keys(measured).length > 0) setSizes((prev) => ({ ...prev, ...measured }))
  }, [])

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const s = editorStore.getState()
    const selected: string[] = []
    const unselected: string[] = []
    for (const c of changes) if (c.type === 'select') (c.selected ? selected : unselected).push(c.id)
    if (unselected.length > 0) s.setSelected('edge', unselected, false)
    if (selected.length > 0) s.setSelected('edge', selected, true)
  }, [])

  // While dragging a wire, the hovered handle shows whether the connection would be accepted.
  const isValidConnection = useCallback((c: Connection | FlowEdge) => {
    const port = portOfHandle(c.targetHandle)
    if (port === undefined) return false
    const { doc } = editorStore.getState()
    return connectionVerdict(doc.graph, doc.library, c.source, c.target, port).ok
  }, [])

  const onConnect = useCallback((c: Connection) => {
    const port = portOfHandle(c.targetHandle)
    if (port !== undefined) connectNodes(editorStore, c.source, c.target, port)
  }, [])

  // A wire dropped on a handle that refused it: say why (connectNodes re-checks and reports the reason).
  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.toHandle || !state.fromHandle) return
    const ends = wireEnds(state.fromHandle, state.toHandle, portOfHandle)
    if (typeof ends === 'string') editorStore.getState().showNotice('refusal', `Cannot connect: ${ends}`)
    else connectNodes(editorStore, ends.source, ends.target, ends.port)
  }, [])

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(OP_DRAG_MIME)) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
  }, [])

  const onDrop = useCallback((e: DragEvent) => {
    const type = e.dataTransfer.getData(OP_DRAG_MIME)
    if (!type) return
    e.preventDefault()
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY })
    addOpNode(editorStore, type, { x: snap(p.x - CARD_WIDTH / 2), y: snap(p.y - 16) })
  }, [screenToFlowPosition])

  return (
    <div className="tf-canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CardNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        snapToGrid
        snapGrid={SNAP_GRID}
        minZoom={0.1}
        maxZoom={2}
        connectionRadius={24}
        aria-label="Design canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="var(--canvas-dot)" />
        <Controls showInteractive={false} showFitView={false} position="bottom-left" />
        <MiniMap<CardNode> nodeColor={miniMapColor} pannable zoomable position="bottom-right" ariaLabel="Minimap"
          style={MINIMAP_SIZE} />
      </ReactFlow>
      {nodes.length === 0 && restored && (
        <div className="tf-canvas__hint" data-testid="empty-hint">
          <p className="tf-canvas__hint-title">Empty graph</p>
          <p>Drag an operator from the palette, or double-click it, to add a node. Start with an Input.</p>
        </div>
      )}
      <NoticeBanner />
    </div>
  )
}
