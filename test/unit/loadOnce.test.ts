// loadOnce: a lazily loaded module is asked for once it has loaded, never again; a load that failed is asked again.
import { describe, expect, it, vi } from 'vitest';
import { loadOnce } from '../../src/core/loadOnce';

describe('loadOnce', () => {
  it('keeps a loaded module: later calls do not load it again', async () => {
    const module = { name: 'prepareStep' };
    const load = vi.fn(async () => module);
    const get = loadOnce(load);
    expect(await get()).toBe(module);
    expect(await get()).toBe(module);
    expect(await Promise.all([get(), get()])).toEqual([module, module]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks again after a failed load (a page offline at its first use), and keeps the module once it loads', async () => {
    const module = { name: 'presignAhead' };
    const load = vi.fn<() => Promise<typeof module>>().mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module')).mockResolvedValue(module);
    const get = loadOnce(load);
    await expect(get()).rejects.toThrow('Failed to fetch');
    expect(await get()).toBe(module);
    expect(await get()).toBe(module);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
