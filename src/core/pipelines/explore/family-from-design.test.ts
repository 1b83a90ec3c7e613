import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { templateById } from '../../templates/index.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { explore } from './explore.ts'
import { instantiate, referenceValues, spaceSize } from './family.ts'
import { parseFamily } from './family-file.ts'
import { familyById } from './families/index.ts'
import { familyFileText, familyFromDesign } from './family-from-design.ts'

const digits = templateById('digits-cnn')!.build()
const id = (name: string) => digits.graph.nodes.find((n) => n.name === name)!.id
const ids = (...names: string[]) => names.map(id)
const macsOf = (g: Parameters<typeof analyzeGraph>[0]) => [...analyzeGraph(g, getLibrary('cmsis-nn')).nodes.values()].reduce((s, n) => s + n.macs, 0)

describe('family from the open design', () => {
  it('turns marked knobs into a family whose reference point is the design', () => {
    const family = familyFromDesign(digits.graph, {
      id: 'My digits', name: 'My digits', library: digits.library,
      resolution: { values: [20, 24] }, width: { nodes: ids('conv1', 'conv2'), values: [0.5, 2] }, kernel: { nodes: ids('conv1', 'conv2'), values: [5] },
    })
    expect(family.id).toBe('my-digits')
    expect(family.knobs.map((k) => [k.name, k.values, k.reference])).toEqual([
      ['res', [20, 24, 28], 28], ['width', [0.5, 1, 2], 1], ['k', [3, 5], 3],
    ])
    expect(spaceSize(family)).toBe(18)
    const ref = instantiate(family, referenceValues(family))
    const strip = (g: typeof ref) => ({
      nodes: g.nodes.map((n) => [n.id, n.op, n.name, JSON.stringify(analyzeGraph(g).nodes.get(n.id)!.attrs)]),
      edges: g.edges.map((e) => [e.source, e.target, e.targetPort]).sort(),
    })
    expect(strip(ref)).toEqual(strip(digits.graph))
    expect(macsOf(ref)).toBe(macsOf(digits.graph))
    const small = instantiate(family, { res: 20, width: 0.5, k: 5 })
    const a = analyzeGraph(small, getLibrary('cmsis-nn'))
    expect(a.ok).toBe(true)
    expect(a.nodes.get(id('conv1'))!.output!.shape).toEqual([1, 20, 20, 4])
    expect(a.nodes.get(id('conv2'))!.attrs).toMatchObject({ filters: 8, kernelH: 5, kernelW: 5 })
    // The family file round-trips and explores.
    const again = parseFamily(familyFileText(family))
    expect(again).toEqual(family)
    expect(explore(again, { targets: [] }).variants.filter((v) => v.ok)).toHaveLength(18)
  })

  it('repeats a shape-keeping block (with its residual skip) as a depth knob', () => {
    const resnet = familyById('resnet')!
    const design = instantiate(resnet, referenceValues(resnet))
    const family = familyFromDesign(design, { id: 'r', name: 'r', library: 'cmsis-nn', depth: { nodes: ['s1_a_1', 's1_b_1', 's1_add_1'], values: [2, 3] } })
    expect(family.repeats).toEqual([{ nodes: ['s1_a_1', 's1_b_1', 's1_add_1'], count: '=depth' }])
    expect(family.nodes.find((n) => n.id === 's1_add_1')!.inputs).toEqual(['s1_b_1', '$entry'])
    const deep = instantiate(family, { depth: 3 })
    expect(analyzeGraph(deep, getLibrary('cmsis-nn')).ok).toBe(true)
    expect(deep.nodes.filter((n) => n.id.startsWith('s1_add_1_')).map((n) => n.id)).toEqual(['s1_add_1_1', 's1_add_1_2', 's1_add_1_3'])
    expect(deep.edges.find((e) => e.target === 's1_add_1_2' && e.targetPort === 1)!.source).toBe('s1_add_1_1')
    expect(macsOf(instantiate(family, { depth: 1 }))).toBe(macsOf(design))
  })

  it('refuses impossible marks with one sentence', () => {
    const base = { id: 'x', name: 'x', library: 'cmsis-nn' }
    expect(() => familyFromDesign(digits.graph, base)).toThrow('mark at least one knob (resolution, width, kernel or depth)')
    expect(() => familyFromDesign(digits.graph, { ...base, width: { nodes: ids('logits'), values: [2] } }))
      .toThrow("width: logits gives the network's output (its units are the classes); leave it out")
    expect(() => familyFromDesign(digits.graph, { ...base, width: { nodes: ids('pool1'), values: [2] } }))
      .toThrow('width: pool1 (MaxPool2D) has no channel count of its own (Conv2D filters or FullyConnected units)')
    expect(() => familyFromDesign(digits.graph, { ...base, kernel: { nodes: ids('logits'), values: [3] } })).toThrow('kernel: logits (FullyConnected) is not a convolution')
    expect(() => familyFromDesign(digits.graph, { ...base, depth: { nodes: ids('conv2', 'pool2'), values: [2] } }))
      .toThrow('depth: the block turns 1×14×14×8 into 1×7×7×16; copies can only follow each other when the shape is kept')
    expect(() => familyFromDesign(digits.graph, { ...base, depth: { nodes: ids('conv1', 'conv2'), values: [2] } }))
      .toThrow('depth: the block must be consecutive nodes of the design, in order')
    expect(() => familyFromDesign(digits.graph, { ...base, width: { nodes: ids('conv1'), values: [-1] } })).toThrow('width: -1 is not a positive number')
  })
})
