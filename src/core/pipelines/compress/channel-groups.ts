/**
 * Channel groups for structured pruning (DepGraph's idea on TinyForge's IR): tensors whose channels must be removed
 * together. Each op says how its output channels follow its inputs' (the `channels` facet of ops/op-def.ts): a
 * 'passthrough' op joins its output and every data input into one group (an Add's, Mul's, Maximum's or Minimum's two
 * operands, a pooling chain, a depth-multiplier-1 DepthwiseConv2D, a Transpose that keeps the last axis last); a
 * 'produces' op (Conv2D, TransposeConv2D, FullyConnected) starts a group with its filters. SVDF, LSTM and BatchMatMul
 * block: their weights mix channels in ways the rewrite does not slice.
 *
 * A group can be pruned when it holds a producer, none of its tensors is a graph output or an Input, and every consumer
 * of every tensor in it reads channels in a way the rewrite knows: a producer (input axis of its weights), a
 * passthrough op (inside the group), or a Flatten whose every consumer is a producer (FullyConnected columns, channel
 * fastest). Anything else — Concat, Reshape, Softmax, an op TinyForge does not know — blocks the group, with the reason;
 * so does a member with another channel count (a Mul or Maximum broadcasting one operand along the channels).
 */
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import type { Graph } from '../../ir/types.ts'
import type { ChannelRule } from '../../ops/op-def.ts'
import { getOp } from '../../ops/registry.ts'

export interface ChannelGroup {
  /** The representative node id (the first producer in execution order). */
  id: string
  /** Nodes whose output tensor is in the group, in execution order. */
  members: string[]
  /** Members that produce the channels (Conv2D filters, FullyConnected units). */
  producers: string[]
  /** Channels of every tensor in the group. */
  channels: number
  /** Why the group cannot be pruned; undefined when it can. */
  blocked?: string
}

export function channelRule(graph: Graph, analysis: GraphAnalysis, id: string): ChannelRule {
  const node = graph.nodes.find((n) => n.id === id)!
  const def = getOp(node.op)
  return def ? def.channels(analysis.nodes.get(id)!.attrs) : { kind: 'blocks' }
}

/** The channel groups of an analysed graph (without errors), in execution order of their first member. */
export function channelGroups(graph: Graph, analysis: GraphAnalysis): ChannelGroup[] {
  const rule = new Map(analysis.order.map((id) => [id, channelRule(graph, analysis, id)]))
  const nodeOf = new Map(graph.nodes.map((n) => [n.id, n]))
  const inputs = new Map<string, string[]>()
  const consumers = new Map<string, string[]>()
  for (const e of [...graph.edges].sort((a, b) => a.targetPort - b.targetPort)) {
    inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source])
    consumers.set(e.source, [...(consumers.get(e.source) ?? []), e.target])
  }
  const parent = new Map(analysis.order.map((id) => [id, id]))
  const find = (id: string): string => {
    let r = id
    while (parent.get(r) !== r) r = parent.get(r)!
    parent.set(id, r)
    return r
  }
  for (const id of analysis.order) {
    if (rule.get(id)!.kind === 'passthrough') for (const src of inputs.get(id) ?? []) parent.set(find(src), find(id))
  }
  const byRoot = new Map<string, string[]>()
  for (const id of analysis.order) byRoot.set(find(id), [...(byRoot.get(find(id)) ?? []), id])
  const channelsOf = (id: string) => { const s = analysis.nodes.get(id)!.output!.shape; return s[s.length - 1] }
  const name = (id: string) => nodeOf.get(id)!.name
  const groups: ChannelGroup[] = []
  for (const members of byRoot.values()) {
    const producers = members.filter((m) => rule.get(m)!.kind === 'produces')
    const group: ChannelGroup = { id: producers[0] ?? members[0], members, producers, channels: channelsOf(members[0]) }
    group.blocked = (producers.length > 0 ? broadcastReason(members, group.channels, channelsOf, name) : undefined)
      ?? blockReason(members, producers, rule, consumers, name)
    groups.push(group)
  }
  return groups
}

/** Why a group whose tensors do not all have its channel count (broadcast along the channels) cannot be pruned. */
function broadcastReason(members: readonly string[], channels: number, channelsOf: (id: string) => number,
  name: (id: string) => string): string | undefined {
  const other = members.find((m) => channelsOf(m) !== channels)
  return other === undefined ? undefined
    : `${name(other)} has ${channelsOf(other)} channels where ${name(members[0])} has ${channels}: an operand is broadcast along the channels`
}

function blockReason(members: readonly string[], producers: readonly string[], rule: Map<string, ChannelRule>,
  consumers: Map<string, string[]>, name: (id: string) => string): string | undefined {
  if (producers.length === 0) return 'no layer of its own produces these channels'
  const inGroup = new Set(members)
  for (const m of members) {
    const r = rule.get(m)!
    if (r.kind !== 'produces' && r.kind !== 'passthrough') return `${name(m)} does not pass channels through`
    const users = consumers.get(m) ?? []
    if (users.length === 0) return `${name(m)} is a graph output, whose channels must stay`
    for (const u of users) {
      const ur = rule.get(u)!
      if (ur.kind === 'produces' || (ur.kind === 'passthrough' && inGroup.has(u))) continue
      if (ur.kind === 'flatten' && (consumers.get(u) ?? []).length > 0 && (consumers.get(u) ?? []).every((v) => rule.get(v)!.kind === 'produces')) continue
      return `${name(u)} reads ${name(m)}'s channels in a way pruning cannot rewrite (${ur.kind})`
    }
  }
  return undefined
}
