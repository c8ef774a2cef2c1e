// https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain_check
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataCertplaneDomainCheckConfig extends cdktf.TerraformMetaArguments {
  /**
  * Domain id (`certplane_domain.<name>.id`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain_check#domain_id DataCertplaneDomainCheck#domain_id}
  */
  readonly domainId: string;
}
export interface DataCertplaneDomainCheckDnsProvider {
}

export function dataCertplaneDomainCheckDnsProviderToTerraform(struct?: DataCertplaneDomainCheckDnsProvider): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckDnsProviderToHclTerraform(struct?: DataCertplaneDomainCheckDnsProvider): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckDnsProviderOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataCertplaneDomainCheckDnsProvider | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckDnsProvider | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }
}
export interface DataCertplaneDomainCheckRecordsAcmeChallenge {
}

export function dataCertplaneDomainCheckRecordsAcmeChallengeToTerraform(struct?: DataCertplaneDomainCheckRecordsAcmeChallenge): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckRecordsAcmeChallengeToHclTerraform(struct?: DataCertplaneDomainCheckRecordsAcmeChallenge): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckRecordsAcmeChallengeOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataCertplaneDomainCheckRecordsAcmeChallenge | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckRecordsAcmeChallenge | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // cname - computed: true, optional: false, required: false
  public get cname() {
    return this.getStringAttribute('cname');
  }

  // txt - computed: true, optional: false, required: false
  public get txt() {
    return this.getListAttribute('txt');
  }
}
export interface DataCertplaneDomainCheckRecordsOwnership {
}

export function dataCertplaneDomainCheckRecordsOwnershipToTerraform(struct?: DataCertplaneDomainCheckRecordsOwnership): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckRecordsOwnershipToHclTerraform(struct?: DataCertplaneDomainCheckRecordsOwnership): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckRecordsOwnershipOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataCertplaneDomainCheckRecordsOwnership | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckRecordsOwnership | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // txt - computed: true, optional: false, required: false
  public get txt() {
    return this.getListAttribute('txt');
  }
}
export interface DataCertplaneDomainCheckRecordsCaa {
}

export function dataCertplaneDomainCheckRecordsCaaToTerraform(struct?: DataCertplaneDomainCheckRecordsCaa): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckRecordsCaaToHclTerraform(struct?: DataCertplaneDomainCheckRecordsCaa): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckRecordsCaaOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): DataCertplaneDomainCheckRecordsCaa | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckRecordsCaa | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // flags - computed: true, optional: false, required: false
  public get flags() {
    return this.getNumberAttribute('flags');
  }

  // tag - computed: true, optional: false, required: false
  public get tag() {
    return this.getStringAttribute('tag');
  }

  // value - computed: true, optional: false, required: false
  public get value() {
    return this.getStringAttribute('value');
  }
}

export class DataCertplaneDomainCheckRecordsCaaList extends cdktf.ComplexList {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): DataCertplaneDomainCheckRecordsCaaOutputReference {
    return new DataCertplaneDomainCheckRecordsCaaOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface DataCertplaneDomainCheckRecords {
}

export function dataCertplaneDomainCheckRecordsToTerraform(struct?: DataCertplaneDomainCheckRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckRecordsToHclTerraform(struct?: DataCertplaneDomainCheckRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckRecordsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataCertplaneDomainCheckRecords | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckRecords | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // a - computed: true, optional: false, required: false
  public get a() {
    return this.getListAttribute('a');
  }

  // aaaa - computed: true, optional: false, required: false
  public get aaaa() {
    return this.getListAttribute('aaaa');
  }

  // cnames - computed: true, optional: false, required: false
  public get cnames() {
    return this.getListAttribute('cnames');
  }

  // acme_challenge - computed: true, optional: false, required: false
  private _acmeChallenge = new DataCertplaneDomainCheckRecordsAcmeChallengeOutputReference(this, "acme_challenge");
  public get acmeChallenge() {
    return this._acmeChallenge;
  }

  // ownership - computed: true, optional: false, required: false
  private _ownership = new DataCertplaneDomainCheckRecordsOwnershipOutputReference(this, "ownership");
  public get ownership() {
    return this._ownership;
  }

  // caa - computed: true, optional: false, required: false
  private _caa = new DataCertplaneDomainCheckRecordsCaaList(this, "caa", false);
  public get caa() {
    return this._caa;
  }

  // zone - computed: true, optional: false, required: false
  public get zone() {
    return this.getStringAttribute('zone');
  }

  // nameservers - computed: true, optional: false, required: false
  public get nameservers() {
    return this.getListAttribute('nameservers');
  }
}
export interface DataCertplaneDomainCheckValidationErrors {
}

export function dataCertplaneDomainCheckValidationErrorsToTerraform(struct?: DataCertplaneDomainCheckValidationErrors): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainCheckValidationErrorsToHclTerraform(struct?: DataCertplaneDomainCheckValidationErrors): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainCheckValidationErrorsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): DataCertplaneDomainCheckValidationErrors | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainCheckValidationErrors | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // code - computed: true, optional: false, required: false
  public get code() {
    return this.getStringAttribute('code');
  }

  // message - computed: true, optional: false, required: false
  public get message() {
    return this.getStringAttribute('message');
  }

  // fix - computed: true, optional: false, required: false
  public get fix() {
    return this.getStringAttribute('fix');
  }
}

export class DataCertplaneDomainCheckValidationErrorsList extends cdktf.ComplexList {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): DataCertplaneDomainCheckValidationErrorsOutputReference {
    return new DataCertplaneDomainCheckValidationErrorsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain_check certplane_domain_check}
*/
export class DataCertplaneDomainCheck extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "certplane_domain_check";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataCertplaneDomainCheck resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataCertplaneDomainCheck to import
  * @param importFromId The id of the existing DataCertplaneDomainCheck that should be imported. Refer to the {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain_check#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataCertplaneDomainCheck to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "certplane_domain_check", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain_check certplane_domain_check} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataCertplaneDomainCheckConfig
  */
  public constructor(scope: Construct, id: string, config: DataCertplaneDomainCheckConfig) {
    super(scope, id, {
      terraformResourceType: 'certplane_domain_check',
      terraformGeneratorMetadata: {
        providerName: 'certplane'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._domainId = config.domainId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // acme_challenge_delegated - computed: true, optional: false, required: false
  public get acmeChallengeDelegated() {
    return this.getBooleanAttribute('acme_challenge_delegated');
  }

  // alpn_configured - computed: true, optional: false, required: false
  public get alpnConfigured() {
    return this.getBooleanAttribute('alpn_configured');
  }

  // caa_allows_issuer - computed: true, optional: false, required: false
  public get caaAllowsIssuer() {
    return this.getBooleanAttribute('caa_allows_issuer');
  }

  // cached - computed: true, optional: false, required: false
  public get cached() {
    return this.getBooleanAttribute('cached');
  }

  // checked_at - computed: true, optional: false, required: false
  public get checkedAt() {
    return this.getStringAttribute('checked_at');
  }

  // dns_configured - computed: true, optional: false, required: false
  public get dnsConfigured() {
    return this.getBooleanAttribute('dns_configured');
  }

  // dns_provider - computed: true, optional: false, required: false
  private _dnsProvider = new DataCertplaneDomainCheckDnsProviderOutputReference(this, "dns_provider");
  public get dnsProvider() {
    return this._dnsProvider;
  }

  // domain_id - computed: false, optional: false, required: true
  private _domainId?: string; 
  public get domainId() {
    return this.getStringAttribute('domain_id');
  }
  public set domainId(value: string) {
    this._domainId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get domainIdInput() {
    return this._domainId;
  }

  // http_configured - computed: true, optional: false, required: false
  public get httpConfigured() {
    return this.getBooleanAttribute('http_configured');
  }

  // ownership_txt_configured - computed: true, optional: false, required: false
  public get ownershipTxtConfigured() {
    return this.getBooleanAttribute('ownership_txt_configured');
  }

  // records - computed: true, optional: false, required: false
  private _records = new DataCertplaneDomainCheckRecordsOutputReference(this, "records");
  public get records() {
    return this._records;
  }

  // validation_errors - computed: true, optional: false, required: false
  private _validationErrors = new DataCertplaneDomainCheckValidationErrorsList(this, "validation_errors", false);
  public get validationErrors() {
    return this._validationErrors;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      domain_id: cdktf.stringToTerraform(this._domainId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      domain_id: {
        value: cdktf.stringToHclTerraform(this._domainId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
