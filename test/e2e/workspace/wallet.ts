// A running total that concurrent deposits update.
declare function persist(total: number): Promise<void>;

let total = 0;

export async function deposit(amount: number): Promise<number> {
  const before = total;
  await persist(before + amount);
  total = before + amount; // expect: no-read-await-write-race
  return total;
}
