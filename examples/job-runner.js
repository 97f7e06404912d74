// A CommonJS job runner guarding a shared ledger with await-lock and async-mutex.
const AwaitLock = require('await-lock').default;
const { Mutex } = require('async-mutex');

const ledgerLock = new AwaitLock();
const statsLock = new Mutex();
const ledger = [];
const stats = { runs: 0, failures: 0 };

async function record(entry) {
  ledgerLock.acquireAsync();
  try {
    ledger.push(entry);
  } finally {
    ledgerLock.release();
  }
}

async function run(job) {
  const release = await statsLock.acquire();
  try {
    stats.runs += 1;
  } finally {
    release();
  }
  try {
    await job();
  } catch (error) {
    const failures = stats.failures;
    await record({ job: job.name, error: String(error) });
    stats.failures = failures + 1;
  }
}

module.exports = { run, record, stats };
