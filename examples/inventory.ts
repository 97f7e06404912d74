// An in-memory inventory service: reservations race each other across awaits.
import { Mutex } from 'async-mutex';

interface Item {
  sku: string;
  stock: number;
}

declare function fetchSupplierQuote(sku: string): Promise<{ price: number }>;
declare function audit(event: string, sku: string): Promise<void>;

const items = new Map<string, Item>();
const prices = new Map<string, number>();
const pricesLock = new Mutex();
let reservedTotal = 0;

export async function reserve(sku: string, quantity: number): Promise<boolean> {
  const item = items.get(sku);
  if (!item || item.stock < quantity) return false;
  await audit('reserve', sku);
  // Another reservation may have taken the stock while we were auditing.
  items.set(sku, { sku, stock: item.stock - quantity });
  reservedTotal += quantity;
  return true;
}

export async function refreshPrice(sku: string): Promise<void> {
  await pricesLock.runExclusive(async () => {
    // Every other price refresh waits for this supplier round trip.
    const quote = await fetchSupplierQuote(sku);
    prices.set(sku, quote.price);
  });
}

export function totalReserved(): number {
  return reservedTotal;
}
