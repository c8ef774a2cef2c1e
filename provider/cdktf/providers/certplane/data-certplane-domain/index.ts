// https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataCertplaneDomainConfig extends cdktf.TerraformMetaArguments {
  /**
  * App name (or id, to narrow a common_name lookup).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain#app DataCertplaneDomain#app}
  */
  readonly app?: string;
  /**
  * The hostname.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain#common_name DataCertplaneDomain#common_name}
  */
  readonly commonName?: string;
  /**
  * Domain id.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain#id DataCertplaneDomain#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
}
export interface DataCertplaneDomainDnsRequirementsRecords {
}

export function dataCertplaneDomainDnsRequirementsRecordsToTerraform(struct?: DataCertplaneDomainDnsRequirementsRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainDnsRequirementsRecordsToHclTerraform(struct?: DataCertplaneDomainDnsRequirementsRecords): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainDnsRequirementsRecordsOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): DataCertplaneDomainDnsRequirementsRecords | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainDnsRequirementsRecords | undefined) {
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

export class DataCertplaneDomainDnsRequirementsRecordsList extends cdktf.ComplexList {

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
  public get(index: number): DataCertplaneDomainDnsRequirementsRecordsOutputReference {
    return new DataCertplaneDomainDnsRequirementsRecordsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface DataCertplaneDomainDnsRequirements {
}

export function dataCertplaneDomainDnsRequirementsToTerraform(struct?: DataCertplaneDomainDnsRequirements): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataCertplaneDomainDnsRequirementsToHclTerraform(struct?: DataCertplaneDomainDnsRequirements): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataCertplaneDomainDnsRequirementsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataCertplaneDomainDnsRequirements | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataCertplaneDomainDnsRequirements | undefined) {
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
  private _records = new DataCertplaneDomainDnsRequirementsRecordsList(this, "records", false);
  public get records() {
    return this._records;
  }

  // acme_challenge_record - computed: true, optional: false, required: false
  public get acmeChallengeRecord() {
    return this.getStringAttribute('acme_challenge_record');
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain certplane_domain}
*/
export class DataCertplaneDomain extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "certplane_domain";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataCertplaneDomain resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataCertplaneDomain to import
  * @param importFromId The id of the existing DataCertplaneDomain that should be imported. Refer to the {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataCertplaneDomain to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "certplane_domain", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/certplane/certplane/latest/docs/data-sources/domain certplane_domain} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataCertplaneDomainConfig = {}
  */
  public constructor(scope: Construct, id: string, config: DataCertplaneDomainConfig = {}) {
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
    this._commonName = config.commonName;
    this._id = config.id;
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

  // app - computed: true, optional: true, required: false
  private _app?: string; 
  public get app() {
    return this.getStringAttribute('app');
  }
  public set app(value: string) {
    this._app = value;
  }
  public resetApp() {
    this._app = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get appInput() {
    return this._app;
  }

  // canonical - computed: true, optional: false, required: false
  public get canonical() {
    return this.getBooleanAttribute('canonical');
  }

  // common_name - computed: true, optional: true, required: false
  private _commonName?: string; 
  public get commonName() {
    return this.getStringAttribute('common_name');
  }
  public set commonName(value: string) {
    this._commonName = value;
  }
  public resetCommonName() {
    this._commonName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get commonNameInput() {
    return this._commonName;
  }

  // dns_requirements - computed: true, optional: false, required: false
  private _dnsRequirements = new DataCertplaneDomainDnsRequirementsOutputReference(this, "dns_requirements");
  public get dnsRequirements() {
    return this._dnsRequirements;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // letsencrypt_enabled - computed: true, optional: false, required: false
  public get letsencryptEnabled() {
    return this.getBooleanAttribute('letsencrypt_enabled');
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
      common_name: cdktf.stringToTerraform(this._commonName),
      id: cdktf.stringToTerraform(this._id),
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
      common_name: {
        value: cdktf.stringToHclTerraform(this._commonName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
