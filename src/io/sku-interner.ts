/**
 * Interning of SKU strings while records stream in.
 *
 * The model refers to SKUs by their index in a code-point-sorted table, but the table is
 * only known once every record has been read. So records get a provisional index (order of
 * first appearance) from one Map lookup each, and `finish` sorts the table once and returns
 * the provisional-to-final remapping that the loader applies in one pass.
 */
import { compareCodePoints } from '../sim/model.js';

/**
 * @example
 * const skus = new SkuInterner();
 * skus.intern('MUG-01'); // 0
 * skus.intern('CAP-02'); // 1
 * const { names, remap } = skus.finish(); // names ['CAP-02', 'MUG-01'], remap [1, 0]
 */
export class SkuInterner {
  private readonly indexByName = new Map<string, number>();
  private readonly names: string[] = [];

  /** The provisional index of `sku`, adding it on first sight. */
  intern(sku: string): number {
    let index = this.indexByName.get(sku);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(sku);
      this.indexByName.set(sku, index);
    }
    return index;
  }

  has(sku: string): boolean {
    return this.indexByName.has(sku);
  }

  /** The SKUs in the order of their provisional indices. */
  inOrder(): string[] {
    return [...this.names];
  }

  get size(): number {
    return this.names.length;
  }

  /**
   * The SKUs sorted in code-point order, and `remap[provisional] = final index`.
   * `identity` is true when first-appearance order was already sorted, so callers can skip
   * the remapping pass.
   */
  finish(): { names: string[]; remap: Int32Array; identity: boolean } {
    const order = this.names.map((_, index) => index).sort((a, b) => compareCodePoints(this.names[a]!, this.names[b]!));
    const remap = new Int32Array(order.length);
    let identity = true;
    for (let final = 0; final < order.length; final++) {
      remap[order[final]!] = final;
      if (order[final] !== final) identity = false;
    }
    return { names: order.map((index) => this.names[index]!), remap, identity };
  }
}
