/**
 * Object keys laid out by ward, camera and (UTC) day, so that MinIO lifecycle rules, replication
 * and an auditor's listing can work per ward or camera without reading the index.
 */
export function clipObjectKeys(wardId: string, cameraId: string, clipId: string, start: Date): { clip: string; thumbnail: string } {
  const day = start.toISOString().slice(0, 10);
  const base = `footage/${wardId}/${cameraId}/${day}/${clipId}`;
  return { clip: `${base}.mp4`, thumbnail: `${base}.jpg` };
}
