import { describe, expect, it } from 'vitest';
import { createWriteTurns, endTurn, takeTurn } from '../../server/core/db/write-turns.ts';

describe('turns at the write lock', () => {
  it('are given in the order they were asked for, each as soon as the one before ends', async () => {
    const turns = createWriteTurns();
    const order: string[] = [];
    await takeTurn(turns);
    const later = ['b', 'c', 'd'].map((name) => takeTurn(turns).then(() => order.push(name)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    for (let i = 0; i < 3; i++) {
      endTurn(turns);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(order).toHaveLength(i + 1);
    }
    endTurn(turns);
    await Promise.all(later);
    expect(order).toEqual(['b', 'c', 'd']);
  });

  it('skip a turn that never ends once the patience runs out, instead of waiting forever', async () => {
    const turns = createWriteTurns();
    await takeTurn(turns);
    const started = Date.now();
    await takeTurn(turns, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    endTurn(turns);
    await takeTurn(turns, 50);
  });
});
