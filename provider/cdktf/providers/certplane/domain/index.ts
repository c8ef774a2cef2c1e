// https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DomainConfig extends cdktf.TerraformMetaArguments {
  /**
  * The app the domain belongs to: its id (`certplane_app.<name>.id`, which stays the same when the app is renamed) or its name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain#app Domain#app}
  */
  readonly app: string;
  /**
  * The app's canonical domain: the others redirect to it (default false).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain#canonical Domain#canonical}
  */
  readonly canonical?: boolean | cdktf.IResolvable;
  /**
  * The hostname, e.g. `www.example.com` or `*.example.com`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain#common_name Domain#common_name}
  */
  readonly commonName: string;
  /**
  * Issue a Let's Encrypt certificate once DNS points at the platform (default true).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain#letsencrypt_enabled Domain#letsencrypt_enabled}
  */
  readonly letsencryptEnabled?: boolean | cdktf.IResolvable;
}
export interface DomainDnsRequirementsRecords {
}

export function domainDnsRequirementsRecordsToTerraform(struct?: DomainDnsRequirementsRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function domainDnsRequirementsRecordsToHclTerraform(struct?: DomainDnsRequirementsRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DomainDnsRequirementsRecordsOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): DomainDnsRequirementsRecords | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DomainDnsRequirementsRecords | undefined) {
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

  // type - computed: true, optional: false, required: false
  public get type() {
    return this.getStringAttribute('type');
  }

  // values - computed: true, optional: false, required: false
  public get values() {
    return this.getListAttribute('values');
  }
}

export class DomainDnsRequirementsRecordsList extends cdktf.ComplexList {

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
  public get(index: number): DomainDnsRequirementsRecordsOutputReference {
    return new DomainDnsRequirementsRecordsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface DomainDnsRequirements {
}

export function domainDnsRequirementsToTerraform(struct?: DomainDnsRequirements): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function domainDnsRequirementsToHclTerraform(struct?: DomainDnsRequirements): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DomainDnsRequirementsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DomainDnsRequirements | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DomainDnsRequirements | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // targets - computed: true, optional: false, required: false
  public get targets() {
    return this.getListAttribute('targets');
  }

  // records - computed: true, optional: false, required: false
  private _records = new DomainDnsRequirementsRecordsList(this, "records", false);
  public get records() {
    return this._records;
  }

  // acme_challenge_record - computed: true, optional: false, required: false
  public get acmeChallengeRecord() {
    return this.getStringAttribute('acme_challenge_record');
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain certplane_domain}
*/
export class Domain extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "certplane_domain";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Domain resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Domain to import
  * @param importFromId The id of the existing Domain that should be imported. Refer to the {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Domain to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "certplane_domain", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/resources/domain certplane_domain} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DomainConfig
  */
  public constructor(scope: Construct, id: string, config: DomainConfig) {
    super(scope, id, {
      terraformResourceType: 'certplane_domain',
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
    this._app = config.app;
    this._canonical = config.canonical;
    this._commonName = config.commonName;
    this._letsencryptEnabled = config.letsencryptEnabled;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // acme_challenge_name - computed: true, optional: false, required: false
  public get acmeChallengeName() {
    return this.getStringAttribute('acme_challenge_name');
  }

  // acme_challenge_target - computed: true, optional: false, required: false
  public get acmeChallengeTarget() {
    return this.getStringAttribute('acme_challenge_target');
  }

  // app - computed: false, optional: false, required: true
  private _app?: string; 
  public get app() {
    return this.getStringAttribute('app');
  }
  public set app(value: string) {
    this._app = value;
  }
  // Temporarily expose input value. Use with caution.
  public get appInput() {
    return this._app;
  }

  // canonical - computed: true, optional: true, required: false
  private _canonical?: boolean | cdktf.IResolvable; 
  public get canonical() {
    return this.getBooleanAttribute('canonical');
  }
  public set canonical(value: boolean | cdktf.IResolvable) {
    this._canonical = value;
  }
  public resetCanonical() {
    this._canonical = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get canonicalInput() {
    return this._canonical;
  }

  // common_name - computed: false, optional: false, required: true
  private _commonName?: string; 
  public get commonName() {
    return this.getStringAttribute('common_name');
  }
  public set commonName(value: string) {
    this._commonName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get commonNameInput() {
    return this._commonName;
  }

  // dns_requirements - computed: true, optional: false, required: false
  private _dnsRequirements = new DomainDnsRequirementsOutputReference(this, "dns_requirements");
  public get dnsRequirements() {
    return this._dnsRequirements;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // letsencrypt_enabled - computed: true, optional: true, required: false
  private _letsencryptEnabled?: boolean | cdktf.IResolvable; 
  public get letsencryptEnabled() {
    return this.getBooleanAttribute('letsencrypt_enabled');
  }
  public set letsencryptEnabled(value: boolean | cdktf.IResolvable) {
    this._letsencryptEnabled = value;
  }
  public resetLetsencryptEnabled() {
    this._letsencryptEnabled = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get letsencryptEnabledInput() {
    return this._letsencryptEnabled;
  }

  // letsencrypt_status - computed: true, optional: false, required: false
  public get letsencryptStatus() {
    return this.getStringAttribute('letsencrypt_status');
  }

  // ownership_app_value - computed: true, optional: false, required: false
  public get ownershipAppValue() {
    return this.getStringAttribute('ownership_app_value');
  }

  // ownership_org_value - computed: true, optional: false, required: false
  public get ownershipOrgValue() {
    return this.getStringAttribute('ownership_org_value');
  }

  // ownership_record_name - computed: true, optional: false, required: false
  public get ownershipRecordName() {
    return this.getStringAttribute('ownership_record_name');
  }

  // primary_certificate_id - computed: true, optional: false, required: false
  public get primaryCertificateId() {
    return this.getStringAttribute('primary_certificate_id');
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // status_message - computed: true, optional: false, required: false
  public get statusMessage() {
    return this.getStringAttribute('status_message');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      app: cdktf.stringToTerraform(this._app),
      canonical: cdktf.booleanToTerraform(this._canonical),
      common_name: cdktf.stringToTerraform(this._commonName),
      letsencrypt_enabled: cdktf.booleanToTerraform(this._letsencryptEnabled),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      app: {
        value: cdktf.stringToHclTerraform(this._app),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      canonical: {
        value: cdktf.booleanToHclTerraform(this._canonical),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      common_name: {
        value: cdktf.stringToHclTerraform(this._commonName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      letsencrypt_enabled: {
        value: cdktf.booleanToHclTerraform(this._letsencryptEnabled),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
