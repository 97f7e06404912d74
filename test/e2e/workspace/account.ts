// An account whose withdrawals hold its lock from the read to the write.
import { Mutex } from 'async-mutex';

declare function persist(balance: number): Promise<void>;

export class Account {
  private balance = 100;
  private readonly lock = new Mutex();

  async withdraw(amount: number): Promise<void> {
    await this.lock.runExclusive(async () => {
      const current = this.balance;
      await persist(current - amount);
      this.balance = current - amount;
    });
  }
}
