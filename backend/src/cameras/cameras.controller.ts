import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { Camera, CreatedCamera, IngestKeyResponse } from '@argus/shared';
import { Roles } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { CamerasService } from './cameras.service';
import { CreateCameraDto } from './dto/create-camera.dto';
import { SnoozeCameraDto } from './dto/snooze-camera.dto';
import { UpdateCameraDto } from './dto/update-camera.dto';

@Controller('cameras')
export class CamerasController {
  constructor(private readonly cameras: CamerasService) {}

  @Get()
  list(): Promise<Camera[]> {
    return this.cameras.list();
  }

  @Get(':id')
  get(@IdParam() id: number): Promise<Camera> {
    return this.cameras.get(id);
  }

  @Post()
  @Roles('admin')
  create(@Body() body: CreateCameraDto): Promise<CreatedCamera> {
    return this.cameras.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  update(@IdParam() id: number, @Body() body: UpdateCameraDto): Promise<Camera> {
    return this.cameras.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@IdParam() id: number): Promise<void> {
    return this.cameras.remove(id);
  }

  @Post(':id/snooze')
  @Roles('admin')
  @HttpCode(200)
  snooze(@IdParam() id: number, @Body() body: SnoozeCameraDto): Promise<Camera> {
    return this.cameras.snooze(id, body.until);
  }

  @Delete(':id/snooze')
  @Roles('admin')
  unsnooze(@IdParam() id: number): Promise<Camera> {
    return this.cameras.unsnooze(id);
  }

  @Post(':id/ingest-key')
  @Roles('admin')
  @HttpCode(200)
  rotateIngestKey(@IdParam() id: number): Promise<IngestKeyResponse> {
    return this.cameras.rotateIngestKey(id);
  }
}
