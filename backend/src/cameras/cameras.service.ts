import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Camera, CreateCameraRequest, CreatedCamera, IngestKeyResponse, UpdateCameraRequest } from '@argus/shared';
import { Clock } from '../common/time';
import { CameraEntity } from './camera.entity';
import { generateIngestKey, hashIngestKey, ingestKeyHashesEqual } from './ingest-key';

/** Whose key a presented `X-Camera-Key` is, relative to the camera it is used for. */
export type IngestKeyCheck = 'own' | 'other_camera' | 'unknown';

export function toCamera(entity: CameraEntity): Camera {
  return {
    id: entity.id,
    name: entity.name,
    location: entity.location,
    status: entity.status,
    enabled: Boolean(entity.enabled),
    last_seen_at: entity.lastSeenAt,
  };
}

@Injectable()
export class CamerasService {
  constructor(
    @InjectRepository(CameraEntity) private readonly cameras: Repository<CameraEntity>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Camera[]> {
    return (await this.cameras.find({ order: { id: 'ASC' } })).map(toCamera);
  }

  /** Cameras registered by the built-in simulator. */
  async listSimulated(): Promise<Camera[]> {
    return (await this.cameras.find({ where: { simulated: true }, order: { id: 'ASC' } })).map(toCamera);
  }

  async get(id: number): Promise<Camera> {
    return toCamera(await this.getEntity(id));
  }

  /** The stored row, or 404. */
  async getEntity(id: number): Promise<CameraEntity> {
    const camera = await this.cameras.findOne({ where: { id } });
    if (!camera) throw new NotFoundException(`camera ${id} not found`);
    return camera;
  }

  /** New cameras start offline and unseen; the answer carries the only copy of the ingest key. */
  async create(input: CreateCameraRequest, options: { simulated?: boolean } = {}): Promise<CreatedCamera> {
    const ingestKey = generateIngestKey();
    const saved = await this.cameras.save(
      this.cameras.create({
        name: input.name,
        location: input.location ?? '',
        enabled: input.enabled ?? true,
        status: 'offline',
        lastSeenAt: null,
        ingestKeyHash: hashIngestKey(ingestKey),
        simulated: options.simulated ?? false,
        createdAt: this.clock.now().toISOString(),
      }),
    );
    return { ...toCamera(saved), ingest_key: ingestKey };
  }

  async update(id: number, input: UpdateCameraRequest): Promise<Camera> {
    const camera = await this.getEntity(id);
    const changes: Partial<Pick<CameraEntity, 'name' | 'location' | 'enabled'>> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.location !== undefined) changes.location = input.location;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (Object.keys(changes).length > 0) await this.cameras.update({ id }, changes);
    return toCamera({ ...camera, ...changes });
  }

  /** Stored events stay: they carry the camera's name. */
  async remove(id: number): Promise<void> {
    const result = await this.cameras.delete({ id });
    if (!result.affected) throw new NotFoundException(`camera ${id} not found`);
  }

  /** Replaces the ingest key; the old one stops working at once. */
  async rotateIngestKey(id: number): Promise<IngestKeyResponse> {
    await this.getEntity(id);
    const ingestKey = generateIngestKey();
    await this.cameras.update({ id }, { ingestKeyHash: hashIngestKey(ingestKey) });
    return { ingest_key: ingestKey };
  }

  /** Checks `key` against camera `cameraId` (null: not a valid id, so the key cannot be its own). */
  async checkIngestKey(cameraId: number | null, key: string): Promise<IngestKeyCheck> {
    const hash = hashIngestKey(key);
    if (cameraId !== null) {
      const camera = await this.cameras.findOne({ where: { id: cameraId }, select: { id: true, ingestKeyHash: true } });
      if (camera && ingestKeyHashesEqual(hash, camera.ingestKeyHash)) return 'own';
    }
    const owner = await this.cameras.findOne({ where: { ingestKeyHash: hash }, select: { id: true } });
    return owner ? 'other_camera' : 'unknown';
  }
}
