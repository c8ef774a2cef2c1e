import { Field, ID, ObjectType } from 'type-graphql';
import { PlanEnum } from './enums.js';

@ObjectType('App', { simpleResolvers: true })
export class AppType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => Date) createdAt: Date;
}

@ObjectType('Organization', { simpleResolvers: true })
export class OrganizationType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => PlanEnum) plan: string;
  @Field(() => Date) createdAt: Date;
}

@ObjectType('ApiTokenCreated', { simpleResolvers: true })
export class ApiTokenCreated {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => [String]) scopes: string[];
  @Field(() => String, { description: 'The secret, shown only this once.' }) token: string;
}

@ObjectType('ApiToken', { simpleResolvers: true, description: 'An API token of the organization: its secret is shown only when it is created.' })
export class ApiTokenType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => [String]) scopes: string[];
  @Field(() => Date) createdAt: Date;
}
