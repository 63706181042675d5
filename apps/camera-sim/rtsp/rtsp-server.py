#!/usr/bin/python3
"""RTSP server for wardwatch's simulated cameras (GStreamer gst-rtsp-server).

Run with /usr/bin/python3: the pyenv python3 on PATH lacks `gi`. The Node side (RtspSupervisor)
starts this script, reads one `ready port=<n>` line from stdout and then drives it through stdin,
one command per line, each answered by one line on stdout:

    down camN   remove the mount /camN and drop its sessions ("stream down")  -> ok down camN
    up camN     add the mount /camN again                                      -> ok up camN
    ping                                                                       -> ok ping

When stdin closes (the Node process ended, however it ended) the server quits, so a crashed
simulator never leaves an orphaned encoder behind.

Each camera has a mount /cam1 ... /camN, served over RTSP/TCP and UDP. Without --shared every
mount has its own pipeline (its own encoder, started on the first client and shared by that
camera's clients). With --shared all mounts serve one media (one encoder for every camera), so
hundreds of cameras cost one encoder: the factory's media key is made constant, so that
gst-rtsp-server's shared-media cache hands every mount the same GstRTSPMedia.
"""
import argparse
import os
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def launch_line(label, width, height, fps, gop):
    # key-int-max about 2 s of frames, no B-frames, zerolatency: x264enc's defaults give a 10 s
    # GOP with B-frames, which makes pre-roll imprecise and adds latency (DESIGN, Resolutions).
    return (
        "( videotestsrc is-live=true pattern=ball "
        f"! video/x-raw,width={width},height={height},framerate={fps}/1 "
        f'! textoverlay text="{label}" valignment=top halignment=left font-desc="Sans 10" '
        '! clockoverlay halignment=right valignment=bottom time-format="%Y-%m-%d %H:%M:%S" font-desc="Sans 10" '
        f"! x264enc tune=zerolatency key-int-max={gop} bframes=0 speed-preset=ultrafast "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


class SharedFactory(GstRtspServer.RTSPMediaFactory):
    """One media for every mount: a constant key makes the shared-media cache return one object."""

    def do_gen_key(self, url):
        return "wardwatch-shared"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--cameras", type=int, default=1)
    parser.add_argument("--shared", action="store_true")
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=10)
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    gop = max(1, args.fps * 2)

    shared = None
    if args.shared:
        shared = SharedFactory()
        shared.set_launch(launch_line("wardwatch shared", args.width, args.height, args.fps, gop))
        shared.set_shared(True)

    def factory_for(name):
        if shared is not None:
            return shared
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(name, args.width, args.height, args.fps, gop))
        # Several clients of one camera share its encoder, as on a real camera.
        factory.set_shared(True)
        return factory

    for n in range(1, args.cameras + 1):
        mounts.add_factory(f"/cam{n}", factory_for(f"cam{n}"))

    if server.attach(None) == 0:
        print(f"error could not listen on {args.address}:{args.port}", flush=True)
        sys.exit(1)

    def drop_sessions(path):
        # Removing a mount stops new DESCRIBEs; sessions already playing it are torn down here so
        # a "stream down" also cuts the cameras' current viewers.
        def session_filter(_pool, session, _data=None):
            def media_filter(_session, session_media, _d=None):
                matched, _ = session_media.matches(path)
                return GstRtspServer.RTSPFilterResult.REMOVE if matched else GstRtspServer.RTSPFilterResult.KEEP

            session.filter(media_filter, None)
            return GstRtspServer.RTSPFilterResult.KEEP

        server.get_session_pool().filter(session_filter, None)

    loop = GLib.MainLoop()

    def on_stdin(source, condition):
        line = source.readline() if condition & GLib.IOCondition.IN else ""
        if line == "":
            loop.quit()
            return False
        parts = line.strip().split()
        if not parts:
            return True
        command = parts[0]
        if command == "ping":
            print("ok ping", flush=True)
        elif command in ("down", "up") and len(parts) == 2 and parts[1].startswith("cam"):
            name = parts[1]
            path = f"/{name}"
            if command == "down":
                mounts.remove_factory(path)
                try:
                    drop_sessions(path)
                except Exception as error:  # best effort: the mount is gone either way
                    print(f"warn drop sessions {name}: {error}", file=sys.stderr, flush=True)
            else:
                mounts.remove_factory(path)
                mounts.add_factory(path, factory_for(name))
            print(f"ok {command} {name}", flush=True)
        else:
            print(f"error unknown command {line.strip()}", flush=True)
        return True

    stdin = os.fdopen(sys.stdin.fileno(), "r", buffering=1)
    GLib.io_add_watch(stdin, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP, on_stdin)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, loop.quit)  # SIGTERM
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 2, loop.quit)  # SIGINT

    print(f"ready port={server.get_bound_port()}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
