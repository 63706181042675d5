import { HandshakeRefusal, RequestReader, ResponseInspector } from './rtsp-handshake';

const b = (s: string) => Buffer.from(s, 'latin1');
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n';

function session() {
  const requests = new RequestReader();
  const responses = new ResponseInspector((cseq) => requests.isPlay(cseq));
  return { requests, responses };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof HandshakeRefusal) return e.message;
    throw e;
  }
  throw new Error('not refused');
}

describe('RTSP handshake inspection (the relay between ffmpeg and a camera)', () => {
  it('passes a normal handshake message by message and is done at the PLAY answer, with the data after it', () => {
    const { requests, responses } = session();
    requests.push(b('OPTIONS rtsp://127.0.0.1:4000/cam1 RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf59\r\n\r\n'));
    expect(responses.push(b('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, PLAY\r\n\r\n'))).toEqual({
      done: false,
      forward: b('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, PLAY\r\n\r\n'),
    });
    requests.push(b('DESCRIBE rtsp://127.0.0.1:4000/cam1 RTSP/1.0\r\nAccept: application/sdp\r\nCSeq: 2\r\n\r\n'));
    // An answer split anywhere (here inside the body) is held back until it is complete and checked.
    const describe = `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`;
    expect(responses.push(b(describe.slice(0, 70))).forward.length).toBe(0);
    expect(responses.push(b(describe.slice(70)))).toEqual({ done: false, forward: b(describe) });
    requests.push(
      b('SETUP rtsp://127.0.0.1:4000/cam1/stream=0 RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nCSeq: 3\r\n\r\n'),
    );
    expect(
      responses.push(b('RTSP/1.0 200 OK\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1\r\nSession: 7\r\n\r\n')).done,
    ).toBe(false);
    requests.push(b('PLAY rtsp://127.0.0.1:4000/cam1 RTSP/1.0\r\nRange: npt=0.000-\r\nCSeq: 4\r\nSession: 7\r\n\r\n'));
    const play = 'RTSP/1.0 200 OK\r\nCSeq: 4\r\nRTP-Info: url=x\r\n\r\n';
    const frame = Buffer.concat([Buffer.from([0x24, 0, 0, 3]), b('abc'), Buffer.from([0x24, 0])]);
    const verdict = responses.push(Buffer.concat([b(play), frame]));
    expect(verdict.done).toBe(true);
    expect(verdict.forward).toEqual(Buffer.concat([b(play), frame]));
  });

  it('a 401 to PLAY is not the end of the handshake; the retried PLAY is', () => {
    const { requests, responses } = session();
    requests.push(b('PLAY rtsp://h/x RTSP/1.0\r\nCSeq: 4\r\n\r\n'));
    expect(responses.push(b('RTSP/1.0 401 Unauthorized\r\nCSeq: 4\r\nWWW-Authenticate: Digest realm="c", nonce="n"\r\n\r\n')).done).toBe(
      false,
    );
    requests.push(b('PLAY rtsp://h/x RTSP/1.0\r\nCSeq: 5\r\nAuthorization: Digest username="u"\r\n\r\n'));
    expect(responses.push(b('RTSP/1.0 200 OK\r\nCSeq: 5\r\n\r\n')).done).toBe(true);
  });

  it('refuses a redirect answer (and names where it pointed, without credentials), whatever request it answers', () => {
    for (const code of [301, 302, 303, 305, 307]) {
      const { responses } = session();
      expect(
        refusal(() => responses.push(b(`RTSP/1.0 ${code} Moved\r\nCSeq: 2\r\nLocation: rtsp://admin:pw@10.1.2.3:8554/nvr\r\n\r\n`))),
      ).toBe(`the camera tried to redirect the stream (RTSP ${code}) to rtsp://***@10.1.2.3:8554/nvr`);
    }
  });

  it('refuses the redirect even when it comes behind a good answer in the same chunk: nothing of that chunk after the good answer is forwarded', () => {
    const { responses } = session();
    expect(() =>
      responses.push(b('RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\nRTSP/1.0 302 Found\r\nCSeq: 2\r\nLocation: rtsp://127.0.0.1:9/\r\n\r\n')),
    ).toThrow(/redirect the stream \(RTSP 302\) to rtsp:\/\/127\.0\.0\.1:9\//);
  });

  it('accepts bare-LF line ends, which ffmpeg accepts too, and still sees a redirect in them', () => {
    const { responses } = session();
    expect(responses.push(b('RTSP/1.0 200 OK\nCSeq: 1\n\n')).forward.length).toBeGreaterThan(0);
    expect(refusal(() => responses.push(b('RTSP/1.0 302 Found\nLocation: rtsp://10.9.9.9/\n\n')))).toMatch(/to rtsp:\/\/10\.9\.9\.9\//);
  });

  it('refuses requests from the camera, non-RTSP answers, UDP transports and oversized or malformed messages', () => {
    expect(
      refusal(() => session().responses.push(b('REDIRECT rtsp://h/x RTSP/1.0\r\nCSeq: 1\r\nLocation: rtsp://10.0.0.9/\r\n\r\n'))),
    ).toBe('the camera sent a REDIRECT request to rtsp://10.0.0.9/ during the RTSP handshake');
    expect(refusal(() => session().responses.push(b('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')))).toMatch(
      /did not answer as an RTSP server/,
    );
    expect(refusal(() => session().responses.push(b('SSH-2.0-OpenSSH_9.2\r\n\r\n')))).toMatch(/did not answer as an RTSP server/);
    expect(
      refusal(() =>
        session().responses.push(
          b('RTSP/1.0 200 OK\r\nCSeq: 3\r\nTransport: RTP/AVP;unicast;client_port=5000-5001;destination=10.0.0.9\r\n\r\n'),
        ),
      ),
    ).toMatch(/transport other than RTP over the RTSP connection/);
    expect(refusal(() => session().responses.push(b('RTSP/1.0 200 OK\r\nContent-Length: 999999\r\n\r\n')))).toMatch(/body of 999999 bytes/);
    expect(refusal(() => session().responses.push(b('RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n')))).toMatch(/malformed Content-Length/);
    expect(refusal(() => session().responses.push(b(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(20_000)}`)))).toMatch(/header longer than 16384/);
    expect(refusal(() => session().responses.push(b('RTSP/1.0 200 OK\r\nno colon here\r\n\r\n')))).toMatch(/malformed RTSP header line/);
  });

  it('a 200 that is not the answer to PLAY does not end the inspection', () => {
    const { requests, responses } = session();
    requests.push(b('DESCRIBE rtsp://h/x RTSP/1.0\r\nCSeq: 2\r\n\r\n'));
    expect(responses.push(b('RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n')).done).toBe(false);
    expect(responses.push(b('RTSP/1.0 200 OK\r\n\r\n')).done).toBe(false);
  });
});
