/**
 * Entry point of a probe thread (started by OnvifProbe, never imported by the API). It runs one
 * probe at a time with the `onvif` client, whose reply handling is CPU-bound on what the camera
 * sends, so a hostile reply can only burn this thread until the API terminates it.
 */
import { parentPort } from 'node:worker_threads';
import { probeCamera, ProbeError } from './onvif-probe';
import { PROBE_THREAD_READY, type ProbeJob, type ProbeReply } from './probe-threads';

const port = parentPort;
if (!port) throw new Error('probe-thread.ts runs only as a worker thread started by OnvifProbe');

port.on('message', (job: ProbeJob) => {
  // The address was checked against the camera networks by the API; here every socket the client
  // opens (whatever a reply told it) must go to that pinned address and nowhere else.
  const pinned = (address: string) =>
    address === job.target.address ? null : `the probe may only connect to the enrolled address ${job.target.address}`;
  probeCamera(job.target, pinned, job.idleTimeoutMs).then(
    (result) => port.postMessage({ ok: true, result } satisfies ProbeReply),
    (error: unknown) =>
      port.postMessage(
        (error instanceof ProbeError
          ? { ok: false, failure: error.failure, message: error.message }
          : {
              ok: false,
              failure: 'malformed_reply',
              message: `the probe failed unexpectedly (${String(error).slice(0, 200)})`,
            }) satisfies ProbeReply,
      ),
  );
});

// Loaded: the probe's deadline starts from here, not from the thread's start-up.
port.postMessage(PROBE_THREAD_READY);
