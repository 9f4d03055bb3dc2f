import { ApiProperty } from '@nestjs/swagger';

export class PublicGreetingDto {
  @ApiProperty({ example: 'Hello, anyone!', description: 'A greeting for anyone.' })
  message!: string;
}

export class GreetingDto {
  @ApiProperty({ example: 'Hello, Ada Lovelace!', description: 'A greeting by name.' })
  message!: string;

  @ApiProperty({ type: [String], description: 'The IdP groups in the access token.' })
  groups!: string[];
}
