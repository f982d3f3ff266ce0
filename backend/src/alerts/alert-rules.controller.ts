import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { AlertRule } from '@argus/shared';
import { Roles } from '../common/decorators';
import { AlertRulesService } from './alert-rules.service';
import { CreateAlertRuleDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';
import { IdParam } from '../common/id-param.decorator';

@Controller('alert-rules')
@Roles('admin')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  list(): Promise<AlertRule[]> {
    return this.rules.list();
  }

  @Post()
  create(@Body() body: CreateAlertRuleDto): Promise<AlertRule> {
    return this.rules.create(body);
  }

  @Patch(':id')
  update(@IdParam() id: number, @Body() body: UpdateAlertRuleDto): Promise<AlertRule> {
    return this.rules.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@IdParam() id: number): Promise<void> {
    return this.rules.remove(id);
  }
}
