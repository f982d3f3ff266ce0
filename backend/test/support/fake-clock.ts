import { Clock } from '../../src/common/time';

/** A clock that stands still until a test moves it. */
export class FakeClock extends Clock {
  private time: number;

  constructor(start: Date | string = new Date()) {
    super();
    this.time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
