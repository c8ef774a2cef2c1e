import { Field, ID, ObjectType } from 'type-graphql';

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
  @Field(() => String, { description: 'Its plan, from the configured table (free, plus, pro, elite, unlimited by default; see limits).' }) plan: string;
  @Field(() => Date, { nullable: true, description: 'Set while the platform operator has suspended it: its tokens do not work.' }) suspendedAt: Date | null;
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
