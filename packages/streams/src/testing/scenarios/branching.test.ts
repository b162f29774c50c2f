import { describe, expect, it } from 'vitest';
import { Branched, Consumed, Named, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index.js';

const I = Serdes.Integer();
const S = Serdes.String();

describe('S34: split() branching, first match wins', () => {
  it('testKStreamSplit with noDefaultBranch', () => {
    const b = new StreamsBuilder();
    const branches = b.stream('in', Consumed.with(I, S)).split()
      .branch((k) => k % 2 === 0)
      .branch((k) => k % 3 === 0)
      .branch((k) => k % 5 === 0)
      .noDefaultBranch();
    const names = [...branches.keys()];
    expect(names).toEqual(['KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-00000000012', 'KSTREAM-BRANCH-00000000013']);
    names.forEach((n, i) => branches.get(n)!.to(`x${[2, 3, 5][i]}`, Produced.with(I, S)));
    const d = new TopologyTestDriver(b.build());
    const t = d.createInputTopic('in', I, S);
    for (let k = -1; k <= 7; k++) t.pipeInput(k, `V${k}`, 0);
    expect(d.createOutputTopic('x2', I, S).readValuesToList()).toEqual(['V0', 'V2', 'V4', 'V6']);
    expect(d.createOutputTopic('x3', I, S).readValuesToList()).toEqual(['V3']);
    expect(d.createOutputTopic('x5', I, S).readValuesToList()).toEqual(['V5']);
  });

  it('testResultingMap: names are prefix + branch name or position; default is prefix0', () => {
    const b = new StreamsBuilder();
    const consumed: number[] = [];
    const map = b.stream('in', Consumed.with(I, S)).split(Named.as('foo-'))
      .branch((k) => k % 2 === 0, Branched.as('bar'))
      .branch((k) => k % 3 === 0, Branched.withConsumer((s) => s.foreach((k) => consumed.push(k))))
      .branch((k) => k % 5 === 0, Branched.withFunction(() => null))
      .branch((k) => k < 0, Branched.withFunction((s) => s))
      .branch((k) => k % 7 === 0)
      .defaultBranch();
    expect([...map.keys()].sort()).toEqual(['foo-0', 'foo-4', 'foo-5', 'foo-bar']);
    for (const [name, s] of map) s.to(name, Produced.with(I, S));
    const d = new TopologyTestDriver(b.build());
    const t = d.createInputTopic('in', I, S);
    for (let k = -1; k <= 7; k++) t.pipeInput(k, `V${k}`, 0);
    expect(d.createOutputTopic('foo-bar', I, S).readValuesToList()).toEqual(['V0', 'V2', 'V4', 'V6']);
    expect(d.createOutputTopic('foo-4', I, S).readValuesToList()).toEqual(['V-1']);
    expect(d.createOutputTopic('foo-5', I, S).readValuesToList()).toEqual(['V7']);
    expect(d.createOutputTopic('foo-0', I, S).readValuesToList()).toEqual(['V1']);
    expect(consumed).toEqual([3]);
  });
});
