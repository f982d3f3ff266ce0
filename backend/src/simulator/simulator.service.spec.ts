import type { Camera, CameraEvent, CameraSource, CreateCameraRequest, IngestEventRequest, Person } from '@argus/shared';
import { createPrng } from './prng';
import type { SimulatorTimers } from './simulator-timers';
import { SIMULATED_CAMERAS, SIMULATED_PEOPLE, SimulatorService } from './simulator.service';

/** Timers that never fire on their own: the test fires the pending one by hand. */
class FakeTimers implements SimulatorTimers {
  pending: { callback: () => void; delayMs: number; handle: number } | null = null;
  delays: number[] = [];
  private nextHandle = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    if (this.pending) throw new Error('the simulator scheduled two timers at once');
    this.pending = { callback, delayMs, handle: this.nextHandle++ };
    this.delays.push(delayMs);
    return this.pending.handle;
  }

  clearTimeout(handle: unknown): void {
    if (this.pending?.handle === handle) this.pending = null;
  }

  fire(): void {
    const pending = this.pending;
    if (!pending) throw new Error('nothing scheduled');
    this.pending = null;
    pending.callback();
  }
}

function fakeDomain(existing: Camera[] = [], people: Person[] = []) {
  const cameras = [...existing];
  const persons = [...people];
  const ingested: Array<{ cameraId: number; input: IngestEventRequest; snapshot?: Buffer }> = [];
  let release: (() => void) | null = null;
  return {
    cameras,
    persons,
    ingested,
    /** When set, the next ingest waits until `unblock()`. */
    block: false,
    unblock: () => release?.(),
    camerasService: {
      listSimulated: () => Promise.resolve(cameras.map((camera) => ({ ...camera }))),
      create: (input: CreateCameraRequest, options?: { source?: CameraSource }) => {
        const camera: Camera = {
          id: cameras.length + 1,
          name: input.name,
          location: input.location ?? '',
          status: 'offline',
          enabled: true,
          last_seen_at: null,
          snoozed_until: null,
          source: options?.source ?? 'api',
        };
        cameras.push(camera);
        return Promise.resolve({ ...camera, ingest_key: 'k' });
      },
    },
    peopleService: {
      list: () => Promise.resolve([...persons]),
      create: (input: { name: string }) => {
        const person = { id: persons.length + 100, name: input.name, created_at: new Date().toISOString() };
        persons.push(person);
        return Promise.resolve(person);
      },
    },
    eventsServiceFor(domain: { block: boolean }) {
      return {
        ingest: async (
          cameraId: number,
          input: IngestEventRequest,
          options: { snapshot?: Buffer } = {},
        ): Promise<{ event: CameraEvent; replayed: false }> => {
          if (domain.block) await new Promise<void>((resolve) => (release = resolve));
          ingested.push({ cameraId, input, snapshot: options.snapshot });
          const camera = cameras.find((c) => c.id === cameraId);
          if (camera) camera.status = input.event_type === 'camera_offline' ? 'offline' : 'online';
          const event: CameraEvent = {
            id: ingested.length,
            camera_id: cameraId,
            camera_name: camera?.name ?? '',
            event_type: input.event_type,
            occurred_at: new Date().toISOString(),
            data: {},
            has_snapshot: false,
          };
          return { event, replayed: false };
        },
      };
    },
  };
}

function build(domain: ReturnType<typeof fakeDomain>, timers: FakeTimers, ratePerMinute = 30) {
  return new SimulatorService(
    domain.camerasService,
    domain.peopleService,
    domain.eventsServiceFor(domain),
    { simulatorRatePerMinute: ratePerMinute },
    createPrng(99),
    timers,
    (name: string, type: string) => Promise.resolve(Buffer.from(`picture of ${name}: ${type}`)),
  );
}

/** Lets the fire-and-forget tick chain settle (all fakes resolve at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SimulatorService', () => {
  it('registers the simulated cameras and people, brings the cameras online and schedules the first event', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    await build(domain, timers).onApplicationBootstrap();

    expect(domain.cameras.map((c) => c.name)).toEqual(SIMULATED_CAMERAS.map((c) => c.name));
    expect(domain.persons.map((p) => p.name)).toEqual(SIMULATED_PEOPLE);
    expect(domain.ingested.map((e) => e.input.event_type)).toEqual(SIMULATED_CAMERAS.map(() => 'camera_online'));
    expect(timers.pending).not.toBeNull();
  });

  it('reuses existing simulated cameras and leaves existing people alone', async () => {
    const front: Camera = {
      id: 1,
      name: 'Front door',
      location: 'x',
      status: 'online',
      enabled: true,
      last_seen_at: null,
      snoozed_until: null,
      source: 'simulator',
    };
    const domain = fakeDomain([front], [{ id: 5, name: 'Eve', created_at: '2026-01-01T00:00:00.000Z' }]);
    await build(domain, new FakeTimers()).onApplicationBootstrap();

    expect(domain.cameras.filter((c) => c.name === 'Front door')).toHaveLength(1);
    expect(domain.cameras).toHaveLength(SIMULATED_CAMERAS.length);
    expect(domain.persons.map((p) => p.name)).toEqual(['Eve']);
    // Front door was already online: only the four new cameras announce themselves.
    expect(domain.ingested.map((e) => e.cameraId)).not.toContain(1);
    expect(domain.ingested).toHaveLength(SIMULATED_CAMERAS.length - 1);
  });

  it('ingests one event per timer, at exponential gaps averaging the configured rate', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    await build(domain, timers, 120).onApplicationBootstrap();
    const before = domain.ingested.length;
    const ticks = 2000;
    for (let i = 0; i < ticks; i++) {
      timers.fire();
      await settle();
    }
    expect(domain.ingested.length - before).toBe(ticks);
    const gaps = timers.delays.slice(0, ticks);
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    expect(Math.abs(mean - 500) / 500).toBeLessThan(0.1);
    expect(new Set(domain.ingested.map((e) => e.input.event_type)).size).toBeGreaterThanOrEqual(5);
  });

  it('attaches a drawn picture to about a third of motion and face events, and to nothing else', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    await build(domain, timers).onApplicationBootstrap();
    for (let i = 0; i < 3000; i++) {
      timers.fire();
      await settle();
    }
    const pictured = (types: string[]) => {
      const events = domain.ingested.filter((e) => types.includes(e.input.event_type));
      return events.filter((e) => e.snapshot !== undefined).length / events.length;
    };
    expect(pictured(['motion_detected', 'face_recognized', 'face_unknown'])).toBeGreaterThan(0.3);
    expect(pictured(['motion_detected', 'face_recognized', 'face_unknown'])).toBeLessThan(0.4);
    expect(pictured(['recording_started', 'recording_stopped', 'camera_offline', 'camera_online'])).toBe(0);
    const one = domain.ingested.find((e) => e.snapshot !== undefined)!;
    const camera = domain.cameras.find((c) => c.id === one.cameraId)!;
    expect(one.snapshot!.toString()).toBe(`picture of ${camera.name}: ${one.input.event_type}`);
  });

  it('skips disabled cameras', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    await build(domain, timers).onApplicationBootstrap();
    for (const camera of domain.cameras) camera.enabled = camera.id === 3;
    const before = domain.ingested.length;
    for (let i = 0; i < 200; i++) {
      timers.fire();
      await settle();
    }
    const later = domain.ingested.slice(before);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => e.cameraId === 3)).toBe(true);
  });

  it('stops on shutdown: clears the timer and waits for the event being ingested', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    const simulator = build(domain, timers);
    await simulator.onApplicationBootstrap();
    const before = domain.ingested.length;

    domain.block = true;
    timers.fire();
    await settle();
    let stopped = false;
    const stopping = simulator.onModuleDestroy().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);

    domain.unblock();
    await stopping;
    expect(domain.ingested.length).toBe(before + 1);
    expect(timers.pending).toBeNull();
  });

  it('clears a pending timer on shutdown when nothing is in flight', async () => {
    const domain = fakeDomain();
    const timers = new FakeTimers();
    const simulator = build(domain, timers);
    await simulator.onApplicationBootstrap();
    expect(timers.pending).not.toBeNull();
    await simulator.onModuleDestroy();
    expect(timers.pending).toBeNull();
  });
});
